def log = new File(basedir, 'build.log').text
def builds = log.split(/(?m)^\[INFO\] BUILD /)
assert builds.size() == 4 : 'expected three builds in the log'
def first = builds[0]
def second = builds[1]
def third = builds[2]

// 1. The baselined findings are not reported and the build passes; the fixed one is noted.
assert builds[1].startsWith('SUCCESS')
assert !(first =~ /\[(ERROR|WARNING)\] .*\.java:\[\d+,\d+\] \[MongoClient/)
assert first =~ /Mongo Guard: 1 entry of the baseline .*mongo-guard-baseline\.txt matches no finding any more; remove it: MongoClientOutsideConnectionModule in src\/main\/java\/com\/acme\/web\/CustomerRepository\.java:12: /

// 2. A new finding fails the build, and it is the only one named.
assert builds[2].startsWith('FAILURE')
def reported = (second =~ /(?m)^\[ERROR\] .*\/(\w+\.java):\[\d+,\d+\] \[(\w+)\]/).collect { it[1] + ' ' + it[2] }.unique()
assert reported == ['NewExport.java MongoClientOutsideConnectionModule']

// 3. Rewriting the baseline records all current findings, sorted, and passes.
assert builds[3].startsWith('SUCCESS')
assert third.contains('Mongo Guard wrote 3 findings to the baseline')
def rewritten = new File(basedir, 'target/rewritten-baseline.txt').readLines()
assert rewritten[0].startsWith('# Mongo Guard baseline')
def entries = rewritten.drop(1).collect { it.split('\t') }
assert entries.collect { it[2] } == [
    'src/main/java/com/acme/tools/NewExport.java',
    'src/main/java/com/acme/web/OrderHandler.java',
    'src/main/java/com/acme/web/ReportJob.java']
assert entries.every { it[1] == 'MongoClientOutsideConnectionModule' && it[3].startsWith('# line ') }
// The entries of the findings that were baselined before keep their fingerprints.
def committed = new File(basedir, 'mongo-guard-baseline.txt').readLines().drop(1).collect { it.split('\t')[0] }
assert committed.containsAll(entries.drop(1).collect { it[0] })
