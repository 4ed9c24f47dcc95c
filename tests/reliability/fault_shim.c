/* A disk that fails on demand, for tests (LD_PRELOAD). Every file opened
 * under a path containing $LSMS_FAULT_PATH is watched, and $LSMS_FAULT says
 * what goes wrong there:
 *   write:ERRNO   writes fail with ERRNO (ENOSPC, EIO, EROFS, ...) once
 *                 $LSMS_FAULT_AFTER writes (default 0) have succeeded
 *   fsync:ERRNO   fsync and fdatasync of a watched file or folder fail
 *   rename:ERRNO  a rename onto a watched path fails
 *   create:ERRNO  opening a watched path for writing fails, as in a
 *                 read-only folder (tests run as root, whom chmod cannot stop)
 *   kill          the process kills itself (SIGKILL) in the middle of a
 *                 write, after $LSMS_FAULT_AFTER writes (default 0)
 * The variables are read at every call, so a program may clear them to
 * retry. Each injected fault prints one "lsms-fault:" line on stderr, which
 * tests look for to know that the fault really happened. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FD 4096
static unsigned char watched[MAX_FD];
static long writes_seen;

static void* next(const char* name) { return dlsym(RTLD_NEXT, name); }

static int matches(const char* path) {
    const char* pattern = getenv("LSMS_FAULT_PATH");
    return path && pattern && *pattern && strstr(path, pattern) != NULL;
}

static const char* fault(void) {
    const char* f = getenv("LSMS_FAULT");
    return f ? f : "";
}

static int fault_is(const char* op) {
    const size_t n = strlen(op);
    return strncmp(fault(), op, n) == 0 && (fault()[n] == ':' || fault()[n] == '\0');
}

static int fault_errno(void) {
    const char* colon = strchr(fault(), ':');
    const char* e = colon ? colon + 1 : "EIO";
    if (!strcmp(e, "ENOSPC")) return ENOSPC;
    if (!strcmp(e, "EROFS")) return EROFS;
    if (!strcmp(e, "EDQUOT")) return EDQUOT;
    if (!strcmp(e, "EACCES")) return EACCES;
    if (!strcmp(e, "EXDEV")) return EXDEV;
    return EIO;
}

static void report(const char* what, int fd) {
    char line[160];
    const int n = snprintf(line, sizeof line, "lsms-fault: %s (fd %d)\n", what, fd);
    ssize_t (*w)(int, const void*, size_t) = next("write");
    if (n > 0) (void)!w(2, line, (size_t)n);
}

/* 1 if opening `path` for writing must fail now (errno set). */
static int refuse_create(const char* path, int writing) {
    if (!writing || !matches(path) || !fault_is("create")) return 0;
    report("open for writing refused", -1);
    errno = fault_errno();
    return 1;
}

static int writes(int flags) { return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0; }

static int mode_writes(const char* mode) { return mode && (strchr(mode, 'w') || strchr(mode, 'a') || strchr(mode, '+')); }

static void watch(int fd, const char* path) {
    if (fd >= 0 && fd < MAX_FD) watched[fd] = (unsigned char)matches(path);
}

static int is_watched(int fd) { return fd >= 0 && fd < MAX_FD && watched[fd]; }

/* Decides a write to fd: 0 to let it through, -1 to fail it (errno set).
 * For "kill", writes half of it first so that the file is left partial. */
static int before_write(int fd, const void* buf, size_t n) {
    if (!is_watched(fd)) return 0;
    const char* after = getenv("LSMS_FAULT_AFTER");
    if (fault_is("write")) {
        if (writes_seen++ < (after ? atol(after) : 0)) return 0;
        errno = fault_errno();
        report("write failed", fd);
        errno = fault_errno();
        return -1;
    }
    if (fault_is("kill")) {
        if (writes_seen++ < (after ? atol(after) : 0)) return 0;
        ssize_t (*w)(int, const void*, size_t) = next("write");
        report("killed in the middle of a write", fd);
        if (buf && n > 1) (void)!w(fd, buf, n / 2);
        raise(SIGKILL);
    }
    return 0;
}

int open(const char* path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    const mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
    va_end(ap);
    if (refuse_create(path, writes(flags))) return -1;
    int (*real)(const char*, int, ...) = next("open");
    const int fd = real(path, flags, mode);
    watch(fd, path);
    return fd;
}

int open64(const char* path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    const mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
    va_end(ap);
    if (refuse_create(path, writes(flags))) return -1;
    int (*real)(const char*, int, ...) = next("open64");
    const int fd = real(path, flags, mode);
    watch(fd, path);
    return fd;
}

int openat(int dir, const char* path, int flags, ...) {
    va_list ap;
    va_start(ap, flags);
    const mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
    va_end(ap);
    if (refuse_create(path, writes(flags))) return -1;
    int (*real)(int, const char*, int, ...) = next("openat");
    const int fd = real(dir, path, flags, mode);
    watch(fd, path);
    return fd;
}

int creat(const char* path, mode_t mode) { return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode); }

FILE* fopen(const char* path, const char* mode) {
    if (refuse_create(path, mode_writes(mode))) return NULL;
    FILE* (*real)(const char*, const char*) = next("fopen");
    FILE* f = real(path, mode);
    if (f) watch(fileno(f), path);
    return f;
}

FILE* fopen64(const char* path, const char* mode) {
    if (refuse_create(path, mode_writes(mode))) return NULL;
    FILE* (*real)(const char*, const char*) = next("fopen64");
    FILE* f = real(path, mode);
    if (f) watch(fileno(f), path);
    return f;
}

int close(int fd) {
    int (*real)(int) = next("close");
    if (fd >= 0 && fd < MAX_FD) watched[fd] = 0;
    return real(fd);
}

int fclose(FILE* f) {
    int (*real)(FILE*) = next("fclose");
    const int fd = f ? fileno(f) : -1;
    if (fd >= 0 && fd < MAX_FD) watched[fd] = 0;
    return real(f);
}

ssize_t write(int fd, const void* buf, size_t n) {
    if (before_write(fd, buf, n) < 0) return -1;
    ssize_t (*real)(int, const void*, size_t) = next("write");
    return real(fd, buf, n);
}

ssize_t pwrite(int fd, const void* buf, size_t n, off_t off) {
    if (before_write(fd, buf, n) < 0) return -1;
    ssize_t (*real)(int, const void*, size_t, off_t) = next("pwrite");
    return real(fd, buf, n, off);
}

ssize_t pwrite64(int fd, const void* buf, size_t n, off_t off) {
    if (before_write(fd, buf, n) < 0) return -1;
    ssize_t (*real)(int, const void*, size_t, off_t) = next("pwrite64");
    return real(fd, buf, n, off);
}

ssize_t writev(int fd, const struct iovec* iov, int count) {
    if (before_write(fd, count > 0 ? iov[0].iov_base : NULL, count > 0 ? iov[0].iov_len : 0) < 0) return -1;
    ssize_t (*real)(int, const struct iovec*, int) = next("writev");
    return real(fd, iov, count);
}

/* stdio writes reach the kernel through glibc's internal write, which
 * LD_PRELOAD cannot see, so buffered writes are failed here. */
size_t fwrite(const void* buf, size_t size, size_t count, FILE* f) {
    if (f && before_write(fileno(f), buf, size * count) < 0) return 0;
    size_t (*real)(const void*, size_t, size_t, FILE*) = next("fwrite");
    return real(buf, size, count, f);
}

int fputs(const char* s, FILE* f) {
    if (f && before_write(fileno(f), s, strlen(s)) < 0) return EOF;
    int (*real)(const char*, FILE*) = next("fputs");
    return real(s, f);
}

int fsync(int fd) {
    if (is_watched(fd) && fault_is("fsync")) {
        report("fsync failed", fd);
        errno = fault_errno();
        return -1;
    }
    int (*real)(int) = next("fsync");
    return real(fd);
}

int fdatasync(int fd) {
    if (is_watched(fd) && fault_is("fsync")) {
        report("fdatasync failed", fd);
        errno = fault_errno();
        return -1;
    }
    int (*real)(int) = next("fdatasync");
    return real(fd);
}

int rename(const char* from, const char* to) {
    if (matches(to) && fault_is("rename")) {
        report("rename failed", -1);
        errno = fault_errno();
        return -1;
    }
    int (*real)(const char*, const char*) = next("rename");
    return real(from, to);
}

int renameat(int fromdir, const char* from, int todir, const char* to) {
    if (matches(to) && fault_is("rename")) {
        report("rename failed", -1);
        errno = fault_errno();
        return -1;
    }
    int (*real)(int, const char*, int, const char*) = next("renameat");
    return real(fromdir, from, todir, to);
}
