/*
 * terraform-provider-keyward's launcher for Windows, where Terraform starts only `.exe` plugins. It runs the
 * bundled provider.mjs next to it with Node.js (%KEYWARD_NODE%, else node.exe from PATH), passing its arguments,
 * standard handles and environment through, and exits with Node's exit code. Node runs in a job object that is
 * closed with the launcher, so Terraform stopping the launcher also stops the provider.
 * Built by src/terraform/launcher/build-windows-launcher.ts with mingw-w64; the .exe beside this file is its output.
 */
#define WIN32_LEAN_AND_MEAN
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

#define LONG_PATH 32768

/* The command line after the program name, as Windows passed it (quoting kept, leading space kept). */
static const wchar_t *arguments_after_program(const wchar_t *line) {
  if (*line == L'"') {
    line++;
    while (*line && *line != L'"') line++;
    if (*line) line++;
  } else {
    while (*line && *line != L' ' && *line != L'\t') line++;
  }
  return line;
}

static int fail(const wchar_t *what, const wchar_t *detail) {
  fwprintf(stderr, L"terraform-provider-keyward: %ls %ls (Windows error %lu)\n", what, detail, GetLastError());
  return 1;
}

int main(void) {
  static wchar_t dir[LONG_PATH];
  static wchar_t node[LONG_PATH];
  DWORD length = GetModuleFileNameW(NULL, dir, LONG_PATH);
  if (length == 0 || length >= LONG_PATH) return fail(L"cannot find its own path", L"");
  wchar_t *slash = wcsrchr(dir, L'\\');
  if (slash != NULL) *slash = L'\0';

  length = GetEnvironmentVariableW(L"KEYWARD_NODE", node, LONG_PATH);
  if (length == 0 || length >= LONG_PATH) wcscpy(node, L"node.exe");

  const wchar_t *rest = arguments_after_program(GetCommandLineW());
  size_t size = wcslen(node) + wcslen(dir) + wcslen(rest) + 32;
  wchar_t *command = HeapAlloc(GetProcessHeap(), 0, size * sizeof(wchar_t));
  if (command == NULL) return fail(L"is out of memory", L"");
  swprintf(command, size, L"\"%ls\" \"%ls\\provider.mjs\"%ls", node, dir, rest);

  HANDLE job = CreateJobObjectW(NULL, NULL);
  if (job != NULL) {
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits;
    ZeroMemory(&limits, sizeof limits);
    limits.BasicLimitInformation.LimitFlags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE;
    SetInformationJobObject(job, JobObjectExtendedLimitInformation, &limits, sizeof limits);
  }

  STARTUPINFOW startup;
  ZeroMemory(&startup, sizeof startup);
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  startup.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
  startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION child;
  if (!CreateProcessW(NULL, command, NULL, NULL, TRUE, CREATE_SUSPENDED, NULL, NULL, &startup, &child))
    return fail(L"cannot start Node.js: install Node.js 20 or later, or set KEYWARD_NODE; tried", node);
  if (job != NULL) AssignProcessToJobObject(job, child.hProcess);
  ResumeThread(child.hThread);
  CloseHandle(child.hThread);

  WaitForSingleObject(child.hProcess, INFINITE);
  DWORD code = 1;
  GetExitCodeProcess(child.hProcess, &code);
  return (int)code;
}
