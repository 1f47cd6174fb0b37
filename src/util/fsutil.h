// fsutil.h — file-system details shared by the writers (csvio.c, outdir.c).
#ifndef ATTNTRACE_FSUTIL_H
#define ATTNTRACE_FSUTIL_H

#include <sys/types.h>

// The process's umask (read once; attntrace never changes it). Files that mkstemp and
// mkdtemp create are 0600 and 0700: a writer chmods them to 0666 & ~umask and
// 0777 & ~umask, the modes open(2) and mkdir(2) would have given them.
mode_t fs_umask(void);
mode_t fs_file_mode(void);   // 0666 & ~umask
mode_t fs_folder_mode(void); // 0777 & ~umask

#endif
