// Checks what the consumer application printed, and which jars it ran with.
def read = { name -> new File(basedir, name).getText('UTF-8').normalize().trim() }
def actual = read('target/output.txt')
def expected = read('expected-output.txt')
assert actual == expected : "the application printed\n${actual}\nexpected\n${expected}"

// What a user carries at run time: jar names without versions. A dependency that appears here
// and is not in expected-runtime-path.txt is one that users would carry too.
def jars = read('target/runtime-path.txt').split(File.pathSeparator)
    .collect { new File(it).name.replaceFirst(/-\d.*\.jar$/, '') }
    .sort()
def expectedJars = read('expected-runtime-path.txt').readLines()*.trim().findAll { it && !it.startsWith('#') }.sort()
assert jars == expectedJars : "runtime path ${jars}, expected ${expectedJars}"
return true
