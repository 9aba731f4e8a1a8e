def log = new File(basedir, 'build.log').text

assert log.contains('BUILD FAILURE')
// The controller closes the client the container injected into it.
assert log =~ /com\/acme\/orders\/OrderController\.java:\[23,\d+\] \[ClosedSharedMongoClient\] close\(\) closes the shared MongoDB client obtained from the constructor parameter client of OrderController, which the container injects/
assert log.contains('docs/checks/ClosedSharedMongoClient.md')
// The provider hands the container only the template, never the client behind it.
assert log =~ /com\/acme\/orders\/MongoConfig\.java:\[12,\d+\] \[UnclosedMongoClient\] MongoClients\.create creates a com\.mongodb\.client\.MongoClient in the provider mongoTemplate\(\)/
assert log.contains('docs/checks/UnclosedMongoClient.md')
