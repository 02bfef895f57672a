def inner(d):
    return d["missing"]

def outer():
    data = {"present": 1}
    return inner(data)

print("before")
outer()
print("never")
