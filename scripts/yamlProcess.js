// What yaml's parser and composer see as `process` in our bundles (scripts/build.mjs): an environment
// without yaml's debug switches. They read process.env.LOG_TOKENS once per token and LOG_STREAM once
// per node; process.env is a call into the C++ environment, not a property, and those reads were a
// quarter of the parse. Setting the switches has no effect on our bundles (they print yaml's tokens).
module.exports = { env: {} };
