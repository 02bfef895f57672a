"""Classes: a small shape hierarchy with inheritance, super(), properties, __repr__ and
__eq__/__lt__ for sorting, class attributes, and many method calls in a loop."""
import sys

SMALL = sys.argv[1:] == ["small"]


class Shape:
    count = 0

    def __init__(self, name):
        self.name = name
        Shape.count += 1

    def area(self):
        return 0.0

    def __lt__(self, other):
        return (self.area(), self.name) < (other.area(), other.name)

    def __repr__(self):
        return f"{type(self).__name__}({self.name}, {self.area():.2f})"


class Rect(Shape):
    def __init__(self, name, w, h):
        super().__init__(name)
        self.w = w
        self.h = h

    def area(self):
        return self.w * self.h

    @property
    def perimeter(self):
        return 2 * (self.w + self.h)


class Square(Rect):
    def __init__(self, name, side):
        super().__init__(name, side, side)


class Circle(Shape):
    def __init__(self, name, r):
        super().__init__(name)
        self.r = r

    def area(self):
        return 3.141592653589793 * self.r * self.r

    @property
    def perimeter(self):
        return 2 * 3.141592653589793 * self.r


def main():
    n = 2_000 if SMALL else 30_000
    shapes = []
    for i in range(n):
        k = i % 3
        if k == 0:
            shapes.append(Rect(f"r{i}", i % 13 + 1, i % 7 + 1))
        elif k == 1:
            shapes.append(Square(f"s{i}", i % 11 + 1))
        else:
            shapes.append(Circle(f"c{i}", (i % 5 + 1) / 2))
    total = sum(s.area() for s in shapes)
    perim = sum(s.perimeter for s in shapes)
    ordered = sorted(shapes)
    print(f"{Shape.count} shapes, total area {total:.3f}, total perimeter {perim:.3f}")
    print("smallest:", ordered[:2], "largest:", ordered[-1])
    print("squares:", sum(1 for s in shapes if isinstance(s, Square)))


main()
