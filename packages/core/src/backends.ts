import type { Backend } from './backend.js';
import { ArgumentError, BackendNotInstalledError, RectifierError } from './errors.js';

/** The backends Rectifier publishes, and the package each lives in. */
export const BACKEND_PACKAGES: Readonly<Record<string, string>> = {
  cpu: '@rectifier/backend-cpu',
  onnx: '@rectifier/backend-onnx',
  webgpu: '@rectifier/backend-webgpu',
};

const packages = new Map<string, string>(Object.entries(BACKEND_PACKAGES));

/**
 * Makes a backend that lives in a package of its own loadable by name: `loadBackend(name)`
 * imports the package and calls its `createBackend()`, or says how to install it.
 */
export function registerBackendPackage(name: string, packageName: string): void {
  packages.set(name, packageName);
  instances.delete(name);
}

type BackendFactory = () => Backend | Promise<Backend>;

const factories = new Map<string, BackendFactory>();
const instances = new Map<string, Promise<Backend>>();

/** Makes a backend available by name, for example a backend of one's own. */
export function registerBackend(name: string, factory: BackendFactory): void {
  factories.set(name, factory);
  instances.delete(name);
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  const code = (error as { code?: string } | null)?.code;
  const message = String((error as Error | null)?.message ?? '');
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    message.includes(packageName)
  );
}

async function importFactory(name: string): Promise<BackendFactory> {
  const packageName = packages.get(name);
  if (!packageName) {
    const known = [...new Set([...packages.keys(), ...factories.keys()])];
    throw new RectifierError(
      'UNKNOWN_BACKEND',
      `Unknown backend '${name}'. Known backends: ${known.join(', ')}.`,
    );
  }
  let module: { createBackend?: BackendFactory };
  try {
    module = (await import(packageName)) as { createBackend?: BackendFactory };
  } catch (error) {
    if (isModuleNotFound(error, packageName)) {
      throw new BackendNotInstalledError(name, packageName, error);
    }
    throw error;
  }
  if (typeof module.createBackend !== 'function') {
    throw new RectifierError(
      'UNKNOWN_BACKEND',
      `${packageName} does not export createBackend(); reinstall it with npm install ${packageName}.`,
    );
  }
  return module.createBackend;
}

/**
 * The backend of a name, made once and shared. A published backend whose package is not
 * installed gets a BackendNotInstalledError that names the install command.
 *
 * @example
 * const backend = await loadBackend('cpu');
 */
export function loadBackend(name: string): Promise<Backend> {
  if (typeof name !== 'string' || name.length === 0) {
    return Promise.reject(
      new ArgumentError(
        `loadBackend() needs a backend name, such as ${[...packages.keys()].join(', ')}.`,
      ),
    );
  }
  // Registered names keep their case; the published ones are matched in any case.
  if (!factories.has(name)) name = name.toLowerCase();
  let instance = instances.get(name);
  if (!instance) {
    instance = (async () => await (factories.get(name) ?? (await importFactory(name)))())();
    instances.set(name, instance);
    instance.catch(() => instances.delete(name));
  }
  return instance;
}
