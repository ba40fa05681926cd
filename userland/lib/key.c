// SPDX-License-Identifier: GPL-2.0
/* The cluster key file. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hpc/key.h>

int hpc_key_load(const char *path, struct lvec_key *key)
{
	uint8_t buf[256];
	struct stat st;
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto out;
	}
	if (!S_ISREG(st.st_mode) || (st.st_mode & 077) ||
	    st.st_uid != geteuid()) {
		err = -EPERM;
		goto out;
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		err = -errno;
	else if (lvec_key_parse(buf, (size_t)n, key))
		err = -EINVAL;
out:
	explicit_bzero(buf, sizeof(buf));
	close(fd);
	return err;
}
