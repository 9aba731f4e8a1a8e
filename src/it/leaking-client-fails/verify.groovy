def log = new File(basedir, 'build.log').text

assert log.contains('BUILD FAILURE')
assert log =~ /com\/acme\/tools\/Export\.java:\[10,\d+\] \[UnclosedMongoClient\] MongoClients\.create creates a com\.mongodb\.client\.MongoClient and keeps it in the local variable client, which is never closed/
assert log.contains('docs/checks/UnclosedMongoClient.md')
assert log =~ /com\/acme\/web\/OrderHandler\.java:\[9,\d+\] \[ClosedSharedMongoClient\] close\(\) closes the shared MongoDB client of the connection module \(com\.acme\.db\), obtained from Database\.client\(\)/
assert log.contains('docs/checks/ClosedSharedMongoClient.md')
// The connection module creates its client once and closes it at shutdown, legitimately.
assert !(log =~ /Database\.java:\[\d+,\d+\] \[(UnclosedMongoClient|ClosedSharedMongoClient)\]/)
// The tool suppresses the creation check deliberately; only its leak is reported.
assert !(log =~ /Export\.java:\[\d+,\d+\] \[MongoClientOutsideConnectionModule\]/)
