# A circular import, uncaught.
import imppkg.circ_a
