# A syntax error in an imported file names that file.
import imppkg.badsyntax
