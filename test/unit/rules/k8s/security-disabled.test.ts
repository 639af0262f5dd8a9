import { ruleTester } from '../../rule-tester';
import { pod, appPod, deployment } from './manifests';

const BASELINE = 'The Pod Security Standards baseline forbids it';

ruleTester('k8s/security-disabled', {
  valid: [
    { name: 'RuntimeDefault and Localhost profiles', code: appPod(`
      securityContext:
        seccompProfile: {type: RuntimeDefault}
        appArmorProfile:
          type: Localhost
          localhostProfile: k8s-apparmor-example
`) },
    { name: 'a confined SELinux type and a level', code: appPod(`
      securityContext:
        seLinuxOptions: {type: container_t, level: "s0:c123,c456"}
`) },
    { name: 'the API\'s enum is case-sensitive: "unconfined" is rejected by the API server, not run', code: appPod(`
      securityContext:
        seccompProfile: {type: unconfined}
`) },
    { name: 'annotations that keep a profile', code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: runtime/default
    seccomp.security.alpha.kubernetes.io/pod: runtime/default
spec:
  containers:
    - name: app
      image: x
` },
    { name: 'the Deployment\'s own annotations do not reach its pods', code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
spec:
  selector:
    matchLabels: {app: api}
  template:
    spec:
      containers:
        - name: app
          image: x
` },
    { name: 'a Windows pod: no seccomp, AppArmor or SELinux', code: pod(`
  os: {name: windows}
  securityContext:
    seccompProfile: {type: Unconfined}
  containers:
    - name: app
      image: x
`) },
    { name: 'not a workload', code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  seccompProfile: Unconfined\n' },
  ],
  invalid: [
    {
      name: 'container seccompProfile Unconfined: the suggestion deletes it (and a securityContext it empties)',
      code: appPod(`
      securityContext:
        seccompProfile:
          type: Unconfined # tokio panicked: failed to create UnixStream
      ports: [{containerPort: 80}]
`),
      errors: [{ line: 11, column: 17, endLine: 11, endColumn: 27, severity: 'warning', message: `Container "app" runs with no seccomp filter (seccompProfile type Unconfined). ${BASELINE}; remove it, and if a system call is then refused, allow it in a Localhost profile.` }],
      output: null,
      suggestions: [appPod(`
      ports: [{containerPort: 80}]
`)],
    },
    {
      name: 'container appArmorProfile Unconfined next to other settings (flow map)',
      code: appPod(`
      securityContext: {runAsNonRoot: true, appArmorProfile: {type: Unconfined}}
`),
      errors: [{ line: 9, column: 69, endColumn: 79, message: `Container "app" runs with no AppArmor profile on nodes that use AppArmor (appArmorProfile type Unconfined). ${BASELINE}; remove it, and if an access is then refused, allow it in a Localhost profile.` }],
      output: null,
      suggestions: [appPod(`
      securityContext: {runAsNonRoot: true}
`)],
    },
    {
      name: 'seLinuxOptions type spc_t: only the type goes, the level stays',
      code: appPod(`
      securityContext:
        seLinuxOptions:
          type: spc_t
          level: "s0"
`),
      errors: [{ line: 11, column: 17, endColumn: 22, message: `Container "app" runs unconfined on nodes that use SELinux (seLinuxOptions type spc_t). ${BASELINE}; remove it and let the runtime label the container (container_t).` }],
      output: null,
      suggestions: [appPod(`
      securityContext:
        seLinuxOptions:
          level: "s0"
`)],
    },
    {
      name: 'pod-level seccompProfile, inherited by both containers',
      code: deployment(`
      securityContext:
        runAsNonRoot: true
        seccompProfile:
          type: Unconfined
      containers:
        - name: api
          image: x
        - name: worker
          image: y
`),
      errors: [{ line: 13, column: 17, endColumn: 27, message: `The pod's securityContext sets seccompProfile type Unconfined: its containers run with no seccomp filter. ${BASELINE}; remove it, and if a system call is then refused, allow it in a Localhost profile.` }],
      output: null,
      suggestions: [deployment(`
      securityContext:
        runAsNonRoot: true
      containers:
        - name: api
          image: x
        - name: worker
          image: y
`)],
    },
    {
      name: 'pod-level appArmorProfile, one container overrides it',
      code: pod(`
  securityContext: {appArmorProfile: {type: Unconfined}}
  containers:
    - name: api
      image: x
      securityContext: {appArmorProfile: {type: RuntimeDefault}}
    - name: agent
      image: y
`),
      errors: [{ line: 6, column: 45, endColumn: 55, message: `The pod's securityContext sets appArmorProfile type Unconfined: on nodes that use AppArmor, container "agent" runs with no AppArmor profile. ${BASELINE}; remove it, and if an access is then refused, allow it in a Localhost profile.` }],
      output: null,
      suggestions: [pod(`
  containers:
    - name: api
      image: x
      securityContext: {appArmorProfile: {type: RuntimeDefault}}
    - name: agent
      image: y
`)],
    },
    {
      name: 'pod-level setting that every container overrides: still forbidden by baseline',
      code: pod(`
  securityContext:
    seccompProfile: {type: Unconfined}
  containers:
    - name: app
      image: x
      securityContext:
        seccompProfile: {type: RuntimeDefault}
`),
      errors: [{ line: 7, column: 28, endColumn: 38, message: `The pod's securityContext sets seccompProfile type Unconfined, which every container overrides with its own. ${BASELINE} even so; remove it.` }],
      output: null,
      suggestions: [pod(`
  containers:
    - name: app
      image: x
      securityContext:
        seccompProfile: {type: RuntimeDefault}
`)],
    },
    {
      name: 'pod-level seLinuxOptions spc_t, an init container too',
      code: pod(`
  securityContext:
    seLinuxOptions:
      type: spc_t
  initContainers:
    - name: setup
      image: x
  containers:
    - name: app
      image: x
`),
      errors: [{ line: 8, column: 13, endColumn: 18, message: `The pod's securityContext sets seLinuxOptions type spc_t: on nodes that use SELinux, its containers run unconfined. ${BASELINE}; remove it and let the runtime label the containers (container_t).` }],
      output: null,
      suggestions: [pod(`
  initContainers:
    - name: setup
      image: x
  containers:
    - name: app
      image: x
`)],
    },
    {
      name: 'the AppArmor annotation on the pod template',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
      annotations:
        container.apparmor.security.beta.kubernetes.io/agent: unconfined
    spec:
      containers:
        - name: agent
          image: x
`,
      errors: [{ line: 12, column: 9, endColumn: 73, severity: 'warning', message: `Container "agent" runs with no AppArmor profile on nodes that use AppArmor (annotation "container.apparmor.security.beta.kubernetes.io/agent: unconfined"). ${BASELINE}; remove it, and if an access is then refused, allow it in a profile of your own.` }],
      output: null,
      suggestions: [`apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
        - name: agent
          image: x
`],
    },
    {
      name: 'the old seccomp annotations: a hint, they have been ignored since 1.27',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: unconfined
    container.seccomp.security.alpha.kubernetes.io/app: unconfined
spec:
  containers:
    - name: app
      image: x
`,
      errors: [
        { line: 6, column: 5, endColumn: 57, severity: 'hint', message: 'The annotation "seccomp.security.alpha.kubernetes.io/pod: unconfined" has been ignored since Kubernetes 1.27 (before, it turned seccomp off). Remove it: only the securityContext\'s seccompProfile counts.' },
        { line: 7, column: 5, severity: 'hint' },
      ],
      output: null,
      suggestions: [`apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.seccomp.security.alpha.kubernetes.io/app: unconfined
spec:
  containers:
    - name: app
      image: x
`],
    },
    {
      name: 'shared through an anchor: reported for each container, no suggestion (it would change the other container too)',
      code: pod(`
  containers:
    - name: a
      image: x
      securityContext: &unconfined
        seccompProfile: {type: Unconfined}
    - name: b
      image: x
      securityContext: *unconfined
`),
      errors: [{ line: 10, column: 32, message: /^Container "a" runs with no seccomp filter/ }, { line: 10, column: 32, message: /^Container "b" runs with no seccomp filter/ }],
      output: null,
      suggestions: [],
    },
  ],
});
