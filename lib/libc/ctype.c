/*
 * Character classes, ASCII only (runes beyond it are in none).
 */
#include <u.h>
#include <libc.h>

int
isupper(int c)
{
	return c >= 'A' && c <= 'Z';
}

int
islower(int c)
{
	return c >= 'a' && c <= 'z';
}

int
isalpha(int c)
{
	return isupper(c) || islower(c);
}

int
isdigit(int c)
{
	return c >= '0' && c <= '9';
}

int
isalnum(int c)
{
	return isalpha(c) || isdigit(c);
}

int
isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

int
isprint(int c)
{
	return c >= ' ' && c < 0x7F;
}

int
tolower(int c)
{
	return isupper(c) ? c - 'A' + 'a' : c;
}

int
toupper(int c)
{
	return islower(c) ? c - 'a' + 'A' : c;
}
