X = "in a namespace package"
