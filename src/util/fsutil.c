// fsutil.c — file-system details shared by the writers.
#include <sys/stat.h>

#include "fsutil.h"

mode_t fs_umask(void)
{
    static mode_t mask;
    static int known;
    if (!known) { // umask(2) can only be read by setting it: set it straight back
        mask = umask(022);
        umask(mask);
        known = 1;
    }
    return mask;
}

mode_t fs_file_mode(void) { return 0666 & ~fs_umask(); }

mode_t fs_folder_mode(void) { return 0777 & ~fs_umask(); }
