


""
""
* * 2x2samples2count2cpu2nanoseconds2main2f2g2x.goH€€¨±ãŸçËZ`€­â