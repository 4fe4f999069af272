// The SDK warns once per process that Node 20 support is ending; the warning is noise in tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
