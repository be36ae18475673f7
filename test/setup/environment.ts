// Every lane: the AWS SDK's Node 22 notice is printed once per process; it is noise in test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
