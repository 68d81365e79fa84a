"""Visible checks, one module per assignment: `<function>_test(target)` for each graded
function. Each says what it checked, expected vs got and a hint, and prints "All tests
passed." only after every assertion ran.
"""
