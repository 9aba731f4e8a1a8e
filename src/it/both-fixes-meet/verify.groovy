def log = new File(basedir, 'build.log').text
def orderHandler = new File(basedir, 'src/main/java/com/acme/web/OrderHandler.java').text
def database = new File(basedir, 'src/main/java/com/acme/db/Database.java').text
def probe = new File(basedir, 'src/main/java/com/acme/db/Probe.java').text

// Outside the module the migration wins: both creations now borrow the shared client, and the
// try-with-resources fix, which would close it, was not applied on top.
assert orderHandler.count('MongoClient client = Database.client();') == 2
assert !orderHandler.contains('MongoClients.create(')
assert !orderHandler.contains('try (')
assert !orderHandler.contains('client.close()')

// Inside the module the leaking probe got the try-with-resources fix.
assert probe.contains('try (MongoClient probe = MongoClients.create(args[0])) {')
assert database.contains('static final MongoClient CLIENT = MongoClients.create(uri());')

// The second build compiled the patched project clean, with every check at ERROR.
def builds = log.split(/(?m)^\[INFO\] BUILD /)
assert builds.size() == 3 : 'expected two builds in the log'
assert log.count('BUILD SUCCESS') == 2
def secondBuild = log.substring(log.indexOf('BUILD SUCCESS') + 'BUILD SUCCESS'.length())
assert !(secondBuild =~ /\[(MongoClientOutsideConnectionModule|MongoClientPerCall|HardcodedMongoCredentials|UnclosedMongoClient|ClosedSharedMongoClient)\]/)
assert new File(basedir, 'target/classes/com/acme/web/OrderHandler.class').isFile()
assert new File(basedir, 'target/classes/com/acme/db/Probe.class').isFile()
