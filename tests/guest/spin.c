/*
 * spin [seconds]: keep a cpu busy in user mode, without a system
 * call, for that long (default: until killed), then print how many
 * rounds of work it did.  spin -n rounds does that much work and
 * prints how long it took, in ms.  The SMP tests and tests/bench/smp
 * run several at once.
 */
#include <u.h>
#include <libc.h>

void
main(int argc, char *argv[])
{
	vlong end;
	uvlong rounds, x;
	int i;

	uvlong want;
	vlong start;

	want = 0;
	if(argc > 2 && strcmp(argv[1], "-n") == 0){
		want = strtoull(argv[2], nil, 10);
		end = 0;
	}else
		end = argc > 1 ? nsec() + atoi(argv[1])*1000000000LL : 0;
	start = nsec();
	rounds = 0;
	x = 1;
	do{
		for(i = 0; i < 1000000; i++)
			x = x*6364136223846793005ULL + 1442695040888963407ULL;
		rounds++;
	}while(want ? rounds < want : end == 0 || nsec() < end);
	if(want)
		print("spin: %llud rounds in %lld ms %llud\n", rounds, (nsec() - start)/1000000, x & 1);
	else
		print("spin: %llud rounds %llud\n", rounds, x & 1);
	exits(nil);
}
