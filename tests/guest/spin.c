/*
 * spin [seconds]: keep a cpu busy in user mode, without a system
 * call, for that long (default: until killed), then print how many
 * rounds of work it did.  The SMP tests run several at once.
 */
#include <u.h>
#include <libc.h>

void
main(int argc, char *argv[])
{
	vlong end;
	uvlong rounds, x;
	int i;

	end = argc > 1 ? nsec() + atoi(argv[1])*1000000000LL : 0;
	rounds = 0;
	x = 1;
	do{
		for(i = 0; i < 1000000; i++)
			x = x*6364136223846793005ULL + 1442695040888963407ULL;
		rounds++;
	}while(end == 0 || nsec() < end);
	print("spin: %llud rounds %llud\n", rounds, x & 1);
	exits(nil);
}
