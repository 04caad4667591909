// Karma for the web app's unit tests: Debian's Chromium, headless (no browser download).
module.exports = function (config) {
  process.env.CHROME_BIN = process.env.CHROME_BIN || '/usr/bin/chromium';
  config.set({
    basePath: '',
    frameworks: ['jasmine'],
    plugins: [require('karma-jasmine'), require('karma-chrome-launcher')],
    browsers: ['ChromiumHeadlessNoSandbox'],
    customLaunchers: {
      ChromiumHeadlessNoSandbox: {
        base: 'ChromeHeadless',
        flags: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
      },
    },
    reporters: ['progress'],
    singleRun: true,
    restartOnFileChange: false,
  });

};
