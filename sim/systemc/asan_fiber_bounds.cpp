// Built only with IONARRAY_SANITIZE (make sanitize), into every program that links SystemC.
//
// Debian's libsystemc (2.3.4, QuickThreads coroutines) tells AddressSanitizer about its stack
// switches (__sanitizer_start_switch_fiber), but when it switches back to the main coroutine, the
// thread's own stack, it passes an empty stack (bottom 0, size 0): it never learnt that stack's
// bounds. ASan then believes the thread's stack is [0, 0) and can no longer unpoison it when an
// exception unwinds ("ASan is ignoring requested __asan_handle_no_return ... False positive error
// reports may follow"), and the stale poison is reported as a stack-use-after-scope at the next
// throw. This wrapper, found before libasan's definition, passes the thread's real stack instead.
#include <dlfcn.h>
#include <pthread.h>

#include <cstddef>

namespace {

struct Stack {
  const void* bottom = nullptr;
  std::size_t size = 0;
};

Stack thread_stack() {
  Stack s;
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    void* addr = nullptr;
    std::size_t size = 0;
    if (pthread_attr_getstack(&attr, &addr, &size) == 0) s = {addr, size};
    pthread_attr_destroy(&attr);
  }
  return s;
}

}  // namespace

extern "C" void __sanitizer_start_switch_fiber(void** fake_stack_save, const void* bottom, std::size_t size) {
  using Switch = void (*)(void**, const void*, std::size_t);
  static const auto real = reinterpret_cast<Switch>(dlsym(RTLD_NEXT, "__sanitizer_start_switch_fiber"));
  if (bottom == nullptr && size == 0) {
    thread_local const Stack own = thread_stack();
    bottom = own.bottom;
    size = own.size;
  }
  if (real) real(fake_stack_save, bottom, size);
}
