for a, b in [(1, 2), (1.5, 2), ("a", "b"), ([1], [2])]:
    try:
        a @= b
    except TypeError as e:
        print(e)
    try:
        a @ b
    except TypeError as e:
        print(e)
