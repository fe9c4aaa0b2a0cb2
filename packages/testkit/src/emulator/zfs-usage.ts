/*
 * The usage lines `zfs` prints after a command-line mistake (OpenZFS 2.3
 * cmd/zfs/zfs_main.c, only the subcommands the emulator speaks). Real zfs
 * follows them with the property table or help hints; the emulator stops here.
 */
export const ZFS_USAGE: Readonly<Record<string, string>> = {
  version: "version [-j]",
  create:
    "create [-Pnpuv] [-o property=value] ... <filesystem>\n\tcreate [-Pnpsv] [-b blocksize] [-o property=value] ... -V <size> <volume>",
  destroy:
    "destroy [-fnpRrv] <filesystem|volume>\n\tdestroy [-dnpRrv] <filesystem|volume>@<snap>[%<snap>][,...]\n\tdestroy <filesystem|volume>#<bookmark>",
  snapshot: "snapshot [-r] [-o property=value] ... <filesystem|volume>@<snap> ...",
  rollback: "rollback [-rRf] <snapshot>",
  bookmark: "bookmark <snapshot|bookmark> <newbookmark>",
  list: "list [-Hp] [-j [--json-int]] [-r|-d max] [-o property[,...]] [-s property]...\n\t    [-S property]... [-t type[,...]] [filesystem|volume|snapshot] ...",
  set: "set [-u] <property=value> ... <filesystem|volume|snapshot> ...",
  get: 'get [-rHp] [-j [--json-int]] [-d max] [-o "all" | field[,...]]\n\t    [-t type[,...]] [-s source[,...]]\n\t    <"all" | property[,...]> [filesystem|volume|snapshot|bookmark] ...',
  inherit: "inherit [-rS] <property> <filesystem|volume|snapshot> ...",
  mount: "mount [-j]\n\tmount [-flvO] [-o opts] <-a|-R filesystem|filesystem>",
  unmount: "unmount [-fu] <-a | filesystem|mountpoint>",
  send: "send [-DLPbcehnpsVvw] [-i|-I snapshot]\n\t     [-R [-X dataset[,dataset]...]]     <snapshot>\n\tsend [-DnVvPLecw] [-i snapshot|bookmark] <filesystem|volume|snapshot>\n\tsend [-nVvPe] -t <receive_resume_token>",
  receive:
    "receive [-vMnsFhu] [-o <property>=<value>] ... [-x <property>] ...\n\t    <filesystem|volume|snapshot>\n\treceive -A <filesystem|volume>",
  allow: "allow <filesystem|volume>",
  hold: "hold [-r] <tag> <snapshot> ...",
  holds: "holds [-rHp] <snapshot> ...",
  release: "release [-r] <tag> <snapshot> ...",
  "load-key": "load-key [-rn] [-L <keylocation>] <-a | filesystem|volume>",
  "unload-key": "unload-key [-r] <-a | filesystem|volume>",
};

export const ZPOOL_USAGE: Readonly<Record<string, string>> = {
  create:
    "create [-f] [-m mountpoint] [-o property=value] ... [-O file-system-property=value] ... <pool> <vdev> ...",
  list: "list [-Hp] [-o property[,...]] [pool] ...",
};
