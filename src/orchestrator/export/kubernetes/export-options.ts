/** The images the init containers run; both can be changed on the command line. */
export interface WaitImages {
  /** Has `sh`, `nc` and `wget`: waits on a dependency's Service (default `busybox:1.36`). */
  waitImage: string;
  /** Runs `kubectl wait` for a job, or a service with no TCP port (default `registry.k8s.io/kubectl:v1.31.0`). */
  kubectlImage: string;
}

export interface KubernetesExportOptions extends WaitImages {
  /** Set on every object; unset: the namespace kubectl applies to. */
  namespace?: string;
  /** The size each named volume's claim requests (default `1Gi`). */
  volumeSize: string;
}

/**
 * The defaults, in a file of their own: the command's options show them without loading the Kubernetes models
 * (a large package every other command would otherwise load at start-up).
 */
export const defaultExportOptions: KubernetesExportOptions = {
  waitImage: "busybox:1.36",
  kubectlImage: "registry.k8s.io/kubectl:v1.31.0",
  volumeSize: "1Gi",
};
