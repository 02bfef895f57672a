print("a")
  y = 2
