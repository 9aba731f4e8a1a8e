def log = new File(basedir, 'build.log').text
def source = { String name -> new File(basedir, "src/main/java/com/acme/web/${name}.java").text }

// The first build patched every creation outside the module in place ...
def orderHandler = source('OrderHandler')
assert orderHandler.contains('MongoClient client = Database.client();')
assert orderHandler.contains('import com.acme.db.Database;')
assert !orderHandler.contains('try (')

def reportJob = source('ReportJob')
assert reportJob.contains('client = Database.client();')
assert !reportJob.contains('finally')
assert !reportJob.contains('.close()')

def customerRepository = source('CustomerRepository')
assert customerRepository.contains('this.client = Database.client();')
assert !customerRepository.contains('client.close()')

['OrderHandler', 'ReportJob', 'CustomerRepository'].each {
  assert !source(it).contains('MongoClients.create(')
}
// ... and left the connection module alone.
assert new File(basedir, 'src/main/java/com/acme/db/Database.java').text
    .contains('static final MongoClient CLIENT = MongoClients.create(uri());')

// The second build compiled the patched project clean, with every check at ERROR.
def builds = log.split(/(?m)^\[INFO\] BUILD /)
assert builds.size() == 3 : 'expected two builds in the log'
assert log.count('BUILD SUCCESS') == 2
def secondBuild = log.substring(log.indexOf('BUILD SUCCESS') + 'BUILD SUCCESS'.length())
assert !(secondBuild =~ /\[(WARNING|ERROR)\].*\[Mongo/)
assert !(secondBuild =~ /\[(MongoClientOutsideConnectionModule|MongoClientPerCall|HardcodedMongoCredentials|UnclosedMongoClient|ClosedSharedMongoClient)\]/)
assert new File(basedir, 'target/classes/com/acme/web/OrderHandler.class').isFile()
assert new File(basedir, 'target/classes/com/acme/web/ReportJob.class').isFile()
assert new File(basedir, 'target/classes/com/acme/web/CustomerRepository.class').isFile()
