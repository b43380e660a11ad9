// An empty module for the browser build: the DICOM codecs' emscripten glue references fs and
// path only on its Node branch, which never runs in a browser.
module.exports = {};
