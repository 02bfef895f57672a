# A module raising while it is imported: the traceback shows its frames.
print("before")
import imppkg.raises
