#!/usr/bin/env python
from trienkhai.__main__ import main

if __name__ == "__main__":
    main()
