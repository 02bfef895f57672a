from .circ_a import A

B = 2
