/*
 * x86_64 instructions the C code needs, as inline functions.
 */
#pragma once

/* l.S */
void	syscallentry(void);
void	fxsave(uchar*);
void	fxrstor(uchar*);
void	fninit(void);

static inline u64int
getcr0(void)
{
	u64int v;

	__asm__ volatile("movq %%cr0, %0" : "=r"(v));
	return v;
}

static inline void
putcr0(u64int v)
{
	__asm__ volatile("movq %0, %%cr0" : : "r"(v));
}

static inline void
ldmxcsr(u32int v)
{
	__asm__ volatile("ldmxcsr %0" : : "m"(v));
}

static inline u64int
rdtsc(void)
{
	u32int lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (u64int)hi<<32 | lo;
}

static inline u64int
rdmsr(u32int msr)
{
	u32int lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (u64int)hi<<32 | lo;
}

static inline void
wrmsr(u32int msr, u64int v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((u32int)v), "d"((u32int)(v>>32)));
}

static inline uchar
inb(int port)
{
	uchar v;

	__asm__ volatile("inb %w1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline ushort
ins(int port)
{
	ushort v;

	__asm__ volatile("inw %w1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline u32int
inl(int port)
{
	u32int v;

	__asm__ volatile("inl %w1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void
outb(int port, uchar v)
{
	__asm__ volatile("outb %0, %w1" : : "a"(v), "Nd"(port));
}

static inline void
outs(int port, ushort v)
{
	__asm__ volatile("outw %0, %w1" : : "a"(v), "Nd"(port));
}

static inline void
outl(int port, u32int v)
{
	__asm__ volatile("outl %0, %w1" : : "a"(v), "Nd"(port));
}

static inline u64int
getcr2(void)
{
	u64int v;

	__asm__ volatile("movq %%cr2, %0" : "=r"(v));
	return v;
}

static inline u64int
getcr3(void)
{
	u64int v;

	__asm__ volatile("movq %%cr3, %0" : "=r"(v));
	return v;
}

static inline void
putcr3(u64int v)
{
	__asm__ volatile("movq %0, %%cr3" : : "r"(v) : "memory");
}

static inline u64int
getcr4(void)
{
	u64int v;

	__asm__ volatile("movq %%cr4, %0" : "=r"(v));
	return v;
}

static inline void
putcr4(u64int v)
{
	__asm__ volatile("movq %0, %%cr4" : : "r"(v));
}

static inline void
cpuid(u32int leaf, u32int sub, u32int r[4])
{
	__asm__ volatile("cpuid" : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3]) : "a"(leaf), "c"(sub));
}

static inline void
invlpg(uintptr va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}
