func runStrongRefProblem() {
    var cache: [String: ExpensiveObject] = [:]
    var obj: ExpensiveObject? = ExpensiveObject("large data")
    cache["key"] = obj  // A strong reference in the cache.
    obj = nil  // The object stays alive: the cache holds it.

    section("after obj = nil, the plain dictionary still holds the object (the probe)")
    print("cache[\"key\"]?.data : \(describe(cache["key"]?.data))")

    swiftNote(
        "nothing differs: the transcript is empty and so is this chapter's main part; a "
            + "`[String: ExpensiveObject]` holds its values strongly, so `obj = nil` frees nothing "
            + "until the entry is removed; 000-03-weak-value-dict shows the dictionary that does not.")
}
