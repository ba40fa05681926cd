// SPDX-License-Identifier: GPL-2.0
/*
 * flacverify - check a FLAC file against its MD5 signature and its source
 * WAV, or check two FLAC files for byte identity.  See flacverify(1).
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "verify.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: flacverify FILE.flac [ORIGINAL.wav]\n"
		"       flacverify -c A.flac B.flac\n");
	exit(FV_ERROR);
}

int main(int argc, char **argv)
{
	int compare = 0;
	int opt;

	while ((opt = getopt(argc, argv, "ch")) != -1) {
		switch (opt) {
		case 'c':
			compare = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;

	if (compare) {
		if (argc != 2)
			usage();
		return fv_compare_files(argv[0], argv[1], stdout, stderr);
	}
	if (argc < 1 || argc > 2)
		usage();
	return fv_verify(argv[0], argc == 2 ? argv[1] : NULL, stdout, stderr);
}
