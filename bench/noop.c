// noop.c — the do-nothing program `make bench` compares attntrace's start-up against:
// built with the same compiler and flags, so the ratio shows what attntrace adds to the
// cost of starting any C program (fork, exec, the dynamic loader, libc start-up).
int main(void)
{
    return 0;
}
