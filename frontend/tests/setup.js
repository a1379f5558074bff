import { afterAll } from 'vitest'

// Vant measures a few components (a nav bar or tab bar with safe-area padding) in timers up to 300 ms after they
// mount. A test file that ends sooner would have its page torn down under those timers ("window is not defined",
// reported as an unhandled error that fails the run): let them fire while the page still exists.
afterAll(() => new Promise((resolve) => setTimeout(resolve, 350)))
