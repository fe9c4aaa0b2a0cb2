#!/usr/bin/env node
// Launcher for the built CLI (`npm run build` first).
import "../dist/main.js";
