#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--version") == 0) {
    std::printf("TrustDesk %s\n", TRUSTDESK_VERSION);
    return 0;
  }
  std::fprintf(stderr, "trustdesk: the window is not built yet\n");
  return 1;
}
