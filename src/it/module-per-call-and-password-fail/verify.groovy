def log = new File(basedir, 'build.log').text

assert log.contains('BUILD FAILURE')
assert log =~ /com\/acme\/db\/Database\.java:\[10,\d+\] \[MongoClientPerCall\] `MongoClients\.create` is returned to every caller of `Database\.client\(\)`/
assert log.contains('docs/checks/MongoClientPerCall.md')
assert log =~ /com\/acme\/db\/Settings\.java:\[4,\d+\] \[HardcodedMongoCredentials\] .*"mongodb:\/\/shop:\*\*\*\*@db\.acme\.example\/shop"/
assert log.contains('docs/checks/HardcodedMongoCredentials.md')
// The password itself never reaches the build log.
assert !log.contains('Xk9-unsafe-Pa55w0rd')
