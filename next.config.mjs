/** @type {import('next').NextConfig} */
const nextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time, never bundle it.
  serverExternalPackages: ['better-sqlite3'],
  // `forbidden()` renders app/forbidden.tsx with HTTP 403.
  experimental: { authInterrupts: true },
  poweredByHeader: false,
  reactStrictMode: true,
  // The cornerstone codecs' emscripten glue references fs/path on its Node branch (see README).
  webpack: (config, { isServer }) => {
    if (!isServer) {
      config.resolve.fallback = { ...config.resolve.fallback, fs: false, path: false };
    }
    return config;
  },
  // The same for Turbopack (`next dev`): fs and path resolve to an empty module in the browser.
  turbopack: {
    resolveAlias: {
      fs: { browser: './lib/shims/empty.cjs' },
      path: { browser: './lib/shims/empty.cjs' },
    },
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default nextConfig;
