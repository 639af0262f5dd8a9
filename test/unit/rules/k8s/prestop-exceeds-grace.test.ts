import { ruleTester } from '../../rule-tester';
import { pod, appPod } from './manifests';

ruleTester('k8s/prestop-exceeds-grace', {
  valid: [
    { name: 'a short sleep within the default 30 s', code: appPod(`
      lifecycle:
        preStop:
          exec:
            command: [sleep, "5"]
`) },
    { name: 'a sleep shorter than a raised grace period', code: pod(`
  terminationGracePeriodSeconds: 120
  containers:
    - name: app
      image: x
      lifecycle:
        preStop:
          exec:
            command: [sh, -c, "sleep 60 && nginx -s quit"]
`) },
    { name: 'a sleep in the background does not hold the hook', code: appPod(`
      lifecycle:
        preStop:
          exec:
            command: [sh, -c, "sleep 40 & kill -QUIT 1"]
`) },
    { name: 'the sleep action below the grace period', code: appPod(`
      lifecycle:
        preStop:
          sleep:
            seconds: 10
`) },
    { name: 'not a number', code: appPod(`
      lifecycle:
        preStop:
          exec:
            command: [sleep, "$(DRAIN_SECONDS)"]
`) },
  ],
  invalid: [
    {
      name: 'sleep 30 with the default grace period',
      code: appPod(`
      lifecycle:
        preStop:
          exec:
            command: ["sleep", "30"]
`),
      errors: [
        { line: 12, column: 22, endLine: 12, endColumn: 37, severity: 'warning', message: 'The preStop hook of container "app" sleeps 30 s, not less than the 30 s grace period (the default): SIGTERM comes only after it, with at most the kubelet\'s 2 s extension left before SIGKILL. Sleep less, or raise terminationGracePeriodSeconds above the sleep plus the shutdown time.' },
      ],
      output: null,
    },
    {
      name: 'sleeps in sh -c add up; a minute suffix; the pod\'s grace period',
      code: pod(`
  terminationGracePeriodSeconds: 60
  containers:
    - name: app
      image: x
      lifecycle:
        preStop:
          exec:
            command:
              - /bin/sh
              - -c
              - sleep 1m; /app/drain; sleep 5s
`),
      errors: [
        { line: 16, column: 17, endLine: 16, endColumn: 47, message: 'The preStop hook of container "app" sleeps 65 s, not less than the 60 s grace period: SIGTERM comes only after it, with at most the kubelet\'s 2 s extension left before SIGKILL. Sleep less, or raise terminationGracePeriodSeconds above the sleep plus the shutdown time.' },
      ],
      output: null,
    },
    {
      name: 'the sleep action (Kubernetes 1.29+)',
      code: pod(`
  terminationGracePeriodSeconds: 10
  containers:
    - name: app
      image: x
      lifecycle:
        preStop:
          sleep:
            seconds: 15
`),
      errors: [{ line: 13, column: 22, endLine: 13, endColumn: 24 }],
      output: null,
    },
  ],
});
