func runStrongRefProblem() {
    var cache: [String: ExpensiveObject] = [:]
    var obj: ExpensiveObject? = ExpensiveObject("large data")
    cache["key"] = obj  // A strong reference in the cache.
    obj = nil  // The object stays alive: the cache holds it.

    section("after obj = nil, the plain dictionary still holds the object")
    print("cache[\"key\"]?.data : \(describe(cache["key"]?.data))")

    swiftNote(
        "nothing differs: the tutorial's program prints nothing, and the line above shows what it "
            + "leaves behind: a `[String: ExpensiveObject]` holds its values strongly, so `obj = nil` "
            + "frees nothing until the entry is removed; 000-03-weak-value-dict shows the dictionary "
            + "that lets the object go.")
}
