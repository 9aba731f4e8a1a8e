def log = new File(basedir, 'build.log').text

assert log.contains('BUILD FAILURE')
assert log =~ /com\/acme\/web\/OrderHandler\.java:\[9,\d+\] \[MongoClientOutsideConnectionModule\] MongoClients\.create creates a new com\.mongodb\.client\.MongoClient outside the connection module/
assert log.contains('Use the shared client of the connection module (com.acme.db) instead.')
assert log.contains('docs/checks/MongoClientOutsideConnectionModule.md')
// The connection module itself creates its client legitimately.
assert !(log =~ /Database\.java:\[\d+,\d+\] \[MongoClientOutsideConnectionModule\]/)
