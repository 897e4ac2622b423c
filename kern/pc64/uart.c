/*
 * COM1, the console: 16550 UART at 0x3F8, IRQ 4.  Output is polled
 * (QEMU's transmitter is always ready, and panic must be able to
 * print with interrupts off); input arrives by interrupt into a
 * ring that the console reader drains.
 */
#include <u.h>
#include <str.h>
#include <fmt.h>
#include "mem.h"
#include "dat.h"
#include "fns.h"
#include "x86.h"

enum {
	Base	= 0x3F8,
	Irq	= 4,

	Rbr	= 0,		/* receive buffer (read) */
	Thr	= 0,		/* transmit holding (write) */
	Ier	= 1,		/* interrupt enable */
	Fcr	= 2,		/* FIFO control (write) */
	Iir	= 2,		/* interrupt identification (read) */
	Lcr	= 3,		/* line control */
	Mcr	= 4,		/* modem control */
	Lsr	= 5,		/* line status */

	Dlab	= 0x80,		/* Lcr: divisor latch access */
	Thre	= 0x20,		/* Lsr: transmitter holding register empty */
	Dr	= 0x01,		/* Lsr: data ready */
	Erda	= 0x01,		/* Ier: receive data interrupt */
	Out2	= 0x08,		/* Mcr: gates the interrupt line on PCs */

	Nibuf	= 4096,

	Debugcon	= 0xE9,	/* QEMU's and Bochs's debug console port */
};

/*
 * The debug console, when QEMU has one (reading its port gives the
 * port number back; elsewhere the read floats to 0xFF), receives a
 * copy of the kernel's own messages, so that a test harness can read
 * them apart from what programs write to the console.
 */
static int debugcon;

static struct {
	Lock	lk;
	uchar	buf[Nibuf];
	uint	rp, wp;		/* free-running; wp-rp bytes are waiting */
	void	(*notify)(void);/* called at interrupt level when input arrives */
} in;

void
uartinit(void)
{
	outb(Base+Ier, 0);
	outb(Base+Lcr, Dlab);
	outb(Base+0, 1);	/* divisor 1: 115200 baud */
	outb(Base+1, 0);
	outb(Base+Lcr, 0x03);	/* 8N1 */
	outb(Base+Fcr, 0x07);	/* enable and clear FIFOs */
	outb(Base+Mcr, 0x0B);	/* DTR, RTS, Out2 */
	debugcon = inb(Debugcon) == Debugcon;
}

void
debugconputs(char *s, int n)
{
	if(debugcon)
		while(n-- > 0)
			outb(Debugcon, *s++);
}

void
uartputc(int c)
{
	int i;

	for(i = 0; i < 100000 && (inb(Base+Lsr) & Thre) == 0; i++)
		pause();
	outb(Base+Thr, c);
}

void
uartputs(char *s, int n)
{
	while(n-- > 0){
		if(*s == '\n')
			uartputc('\r');
		uartputc(*s++);
	}
}

static void
uartintr(Ureg*, void*)
{
	uchar c;

	ilock(&in.lk);
	while(inb(Base+Lsr) & Dr){
		c = inb(Base+Rbr);
		if(in.wp - in.rp < Nibuf)
			in.buf[in.wp++ % Nibuf] = c;
	}
	iunlock(&in.lk);
	if(in.notify != nil)
		in.notify();
}

/* next input byte, or -1 if none is waiting */
int
uartgetc(void)
{
	int c;

	c = -1;
	ilock(&in.lk);
	if(in.rp != in.wp)
		c = in.buf[in.rp++ % Nibuf];
	iunlock(&in.lk);
	return c;
}

void
uartsetnotify(void (*f)(void))
{
	in.notify = f;
}

void
uartenable(void)
{
	intrenable(Irq, uartintr, nil, "eia0");
	outb(Base+Ier, Erda);
	while(inb(Base+Lsr) & Dr)	/* discard anything typed before now */
		inb(Base+Rbr);
}
