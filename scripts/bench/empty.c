/* The floor of one process for scripts/bench.sh: exec, a static C start-up, exit. Built with
 * cc -O2 -static empty.c */
int main(void)
{
	return 0;
}
