"""Kernel isolation the sandboxed process applies to itself, without bubblewrap.

Standard library only: this runs inside the sandbox, where the project is not importable.

- `enter_namespaces`: new pid, mount, network, IPC and UTS namespaces (as root, or in a user
  namespace where the kernel allows one), then a private root: an empty tmpfs holding only
  read-only binds of the Python runtime and a size-capped working folder, with the host's
  root detached. The caller ends up as pid 2 under a small reaper (pid 1): when the caller
  exits, pid 1 exits and the kernel kills every process left in the namespace, a `setsid()`
  child included.
- `restrict_with_landlock`: where namespaces are not allowed, Landlock (an unprivileged Linux
  security module) limits the process and its children to reading the runtime, writing only
  its working folder, no TCP, and (ABI 6+) no signals or abstract sockets outside itself.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import struct
import sys
from collections.abc import Iterable

CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC = 0x00020000, 0x04000000, 0x08000000
CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET = 0x10000000, 0x20000000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
SYS_PIVOT_ROOT = 155  # x86_64
SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446
PR_SET_NO_NEW_PRIVS = 38
DEVICES = ("/dev/null", "/dev/zero", "/dev/full", "/dev/random", "/dev/urandom")

_libc = ctypes.CDLL(None, use_errno=True)


class JailError(OSError):
    pass


def _check(result: int, what: str) -> int:
    if result < 0:
        errno = ctypes.get_errno()
        raise JailError(errno, f"{what}: {os.strerror(errno)}")
    return result


def _bytes(text: str | None) -> bytes | None:
    return text.encode() if text is not None else None


def _mount(source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None = None) -> None:
    _check(_libc.mount(_bytes(source), _bytes(target), _bytes(fstype), ctypes.c_ulong(flags),
                       _bytes(data)), f"mount {target}")


def _locked_flags(path: str) -> int:
    """Flags a read-only remount must keep (a user namespace may not drop them)."""
    flag = os.statvfs(path).f_flag
    return sum(bit for bit in (MS_NOSUID, MS_NODEV, MS_NOEXEC) if flag & bit)


def _bind_readonly(host: str, inside: str) -> None:
    if os.path.isdir(host):
        os.makedirs(inside, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(inside), exist_ok=True)
        open(inside, "a").close()
    _mount(host, inside, None, MS_BIND | MS_REC)
    _mount(None, inside, None,
           MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | _locked_flags(host))


def _map_user(uid: int, gid: int) -> None:
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"),
                       ("gid_map", f"0 {gid} 1")):
        with open(f"/proc/self/{name}", "w") as handle:
            handle.write(text)


def _wait_and_exit(child: int) -> None:
    """Outside the pid namespace: mirror how the namespace's init ended."""
    _, status = os.waitpid(child, 0)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 128 + os.WTERMSIG(status))


def _reap_until(child: int) -> None:
    """pid 1 of the namespace: reap every orphan until the harness itself ends."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    while True:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            os._exit(1)
        if pid == child:
            os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status)
                     else 128 + os.WTERMSIG(status))


def _build_root(root: str, binds: Iterable[str], script_dir: str, work: str,
                work_bytes: int) -> None:
    """An empty tmpfs as the new root with only what the runtime needs, then pivot to it."""
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    _mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=4m")
    for path in binds:
        inside = root + path
        if os.path.islink(path):
            os.makedirs(os.path.dirname(inside), exist_ok=True)
            os.symlink(os.readlink(path), inside)
        elif os.path.exists(path):
            _bind_readonly(path, inside)
    _bind_readonly(script_dir, root + "/sandbox")
    for device in DEVICES:
        if os.path.exists(device):
            os.makedirs(root + "/dev", exist_ok=True)
            open(root + device, "a").close()
            _mount(device, root + device, None, MS_BIND)
    os.makedirs(root + "/proc", exist_ok=True)
    _mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    os.makedirs(root + work, exist_ok=True)
    _mount("tmpfs", root + work, "tmpfs", MS_NOSUID | MS_NODEV,
           f"mode=1777,size={work_bytes}")
    _mount(None, root, None, MS_REMOUNT | MS_NOSUID | MS_NODEV | MS_RDONLY)
    os.chdir(root)
    _check(_libc.syscall(SYS_PIVOT_ROOT, b".", b"."), "pivot_root")
    _check(_libc.umount2(b".", MNT_DETACH), "detach the host root")
    os.chdir(work)


def enter_namespaces(binds: list[str], script_dir: str, work: str, work_bytes: int) -> None:
    """Move this process into fresh namespaces under a private root (see the module doc).

    Raises JailError when the kernel refuses; nothing has changed then. On success the
    caller runs on as pid 2 with the working folder as its current directory.
    """
    root = os.getcwd()  # an empty folder the caller made: the mount point of the new root
    uid, gid = os.getuid(), os.getgid()
    flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    if os.geteuid() != 0:
        flags |= CLONE_NEWUSER
    _check(_libc.unshare(flags), "unshare")
    if flags & CLONE_NEWUSER:
        _map_user(uid, gid)
    init = os.fork()
    if init:
        _wait_and_exit(init)
    _build_root(root, binds, script_dir, work, work_bytes)
    harness = os.fork()
    if harness:
        _reap_until(harness)


# --- Landlock ------------------------------------------------------------------------------

FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1, 2, 4, 8
FS_ALL_V1 = (1 << 13) - 1  # execute .. make_sym
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2
RULE_PATH_BENEATH = 1
O_PATH = 0o10000000


def landlock_abi() -> int:
    """The Landlock ABI version this kernel offers (0: none)."""
    version = _libc.syscall(SYS_LANDLOCK_CREATE_RULESET, None, 0, 1)
    return max(0, version)


def _fs_rights(abi: int) -> int:
    rights = FS_ALL_V1
    rights |= FS_REFER if abi >= 2 else 0
    rights |= FS_TRUNCATE if abi >= 3 else 0
    rights |= FS_IOCTL_DEV if abi >= 5 else 0
    return rights


def restrict_with_landlock(readable: Iterable[str], writable: Iterable[str]) -> list[str]:
    """Restrict this process and its future children; returns what now holds ([] if none)."""
    abi = landlock_abi()
    if abi < 1:
        return []
    handled = _fs_rights(abi)
    net = NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0
    scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0
    attr = struct.pack("QQQ", handled, net, scoped)[: 8 if abi < 4 else 16 if abi < 6 else 24]
    ruleset = _check(_libc.syscall(SYS_LANDLOCK_CREATE_RULESET, attr, len(attr), 0),
                     "landlock ruleset")
    try:
        read = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
        for paths, rights in ((readable, read), (writable, handled)):
            for path in paths:
                _allow(ruleset, path, rights, handled)
        _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
        _check(_libc.syscall(SYS_LANDLOCK_RESTRICT_SELF, ruleset, 0), "landlock restrict")
    finally:
        os.close(ruleset)
    held = ["reads only the Python runtime and writes only its working folder (Landlock)"]
    held += ["no TCP connections (Landlock)"] if net else []
    held += ["cannot signal or reach other processes' abstract sockets (Landlock)"] if scoped \
        else []
    return held


def _allow(ruleset: int, path: str, rights: int, handled: int) -> None:
    try:
        fd = os.open(path, O_PATH | os.O_CLOEXEC)
    except OSError:
        return  # a path this machine does not have
    try:
        if not os.path.isdir(path):  # directory-only rights are refused on a file
            rights &= FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
        attr = struct.pack("=Qi", rights & handled, fd)
        _check(_libc.syscall(SYS_LANDLOCK_ADD_RULE, ruleset, RULE_PATH_BENEATH, attr, 0),
               f"landlock rule for {path}")
    finally:
        os.close(fd)


if __name__ == "__main__":
    # a probe: can this process enter the namespaces here? exit code 0 when it can
    try:
        enter_namespaces(json.loads(sys.argv[1]), os.path.dirname(os.path.abspath(__file__)),
                         "/tmp", 1024 * 1024)
    except OSError as exc:
        print(exc, file=sys.stderr)
        os._exit(1)
    os._exit(0)
