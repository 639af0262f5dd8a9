import { ruleTester } from '../../rule-tester';
import { pod, appPod } from './manifests';

const strict = { preset: 'strict' as const };

ruleTester('k8s/tmp-not-mounted', {
  valid: [
    { name: 'off in the recommended preset', code: appPod('') },
    { name: 'emptyDir at /tmp', config: strict, code: appPod(`
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir: {}
`) },
    { name: 'read-only root is read-only-without-tmp territory', config: strict, code: appPod(`
      securityContext:
        readOnlyRootFilesystem: true
`) },
    { name: 'kustomize patch without image and selector', config: strict, code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
      - name: db
        args: [--verbose]
` },
    { name: 'Windows node selector', config: strict, code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector: {matchLabels: {app: agent}}
  template:
    spec:
      nodeSelector:
        kubernetes.io/os: windows
      containers:
        - name: agent
          image: agent:1
` },
    { name: 'a persistentVolumeClaim mounted at /tmp is writable', config: strict, code: appPod(`
      volumeMounts: [{name: scratch, mountPath: /tmp}]
  volumes:
    - name: scratch
      persistentVolumeClaim: {claimName: scratch}
`) },
  ],
  invalid: [
    {
      name: 'plain Pod: information, comments kept',
      config: strict,
      code: pod(`
  # the app
  containers:
    - name: app # main
      image: x
      # probes later
`),
      errors: [
        { line: 8, column: 13, endLine: 8, endColumn: 16, severity: 'information', message: 'Container "app" has nothing mounted at /tmp: not ready for readOnlyRootFilesystem: true (temporary files would fail with EROFS). Mount an emptyDir volume at /tmp.' },
      ],
      output: pod(`
  # the app
  containers:
    - name: app # main
      image: x
      volumeMounts:
        - name: tmp
          mountPath: /tmp
      # probes later
  volumes:
    - name: tmp
      emptyDir: {}
`),
    },
    {
      name: 'Deployment with other mounts, 4-space indentation, flush sequences',
      config: strict,
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
    name: web
spec:
    selector:
        matchLabels:
            app: web
    template:
        spec:
            containers:
            - name: web
              image: nginx
              volumeMounts:
              - name: conf
                mountPath: /etc/nginx/conf.d
            volumes:
            - name: conf
              configMap:
                  name: web-conf
`,
      errors: [
        { line: 12, column: 21, endLine: 12, endColumn: 24 },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
    name: web
spec:
    selector:
        matchLabels:
            app: web
    template:
        spec:
            containers:
            - name: web
              image: nginx
              volumeMounts:
              - name: conf
                mountPath: /etc/nginx/conf.d
              - name: tmp
                mountPath: /tmp
            volumes:
            - name: conf
              configMap:
                  name: web-conf
            - name: tmp
              emptyDir: {}
`,
    },
    {
      name: 'mount readOnly: true at /tmp: reported on the mount, no fix',
      config: strict,
      code: appPod(`
      volumeMounts:
        - {name: tmp, mountPath: /tmp, readOnly: true}
  volumes:
    - {name: tmp, emptyDir: {}}
`),
      errors: [
        { line: 10, column: 34, endLine: 10, endColumn: 38, message: 'Container "app" mounts /tmp read-only (readOnly: true): programs that write temporary files fail there (EROFS). Mount a writable emptyDir volume at /tmp.' },
      ],
      output: null,
    },
    {
      name: 'a readOnly persistentVolumeClaim at /tmp',
      config: strict,
      code: appPod(`
      volumeMounts:
        - {name: shared, mountPath: /tmp}
  volumes:
    - name: shared
      persistentVolumeClaim:
        claimName: shared
        readOnly: true
`),
      errors: [
        { line: 10, column: 37, endLine: 10, endColumn: 41, message: 'Container "app" mounts /tmp read-only (the volume is readOnly: true): programs that write temporary files fail there (EROFS). Mount a writable emptyDir volume at /tmp.' },
      ],
      output: null,
    },
    {
      name: 'ReplicaSet, ReplicationController and PodTemplate in one stream; CRLF',
      config: strict,
      code: `apiVersion: apps/v1\r
kind: ReplicaSet\r
metadata:\r
  name: rs\r
spec:\r
  selector: {matchLabels: {app: rs}}\r
  template:\r
    spec:\r
      containers: [{name: rs, image: x}]\r
---\r
apiVersion: v1\r
kind: ReplicationController\r
metadata:\r
  name: rc\r
spec:\r
  template:\r
    spec:\r
      containers:\r
        - name: rc\r
          image: x\r
---\r
apiVersion: v1\r
kind: PodTemplate\r
metadata:\r
  name: pt\r
template:\r
  spec:\r
    containers:\r
      - name: pt\r
        image: x\r
`,
      errors: [
        { line: 9, column: 27, endLine: 9, endColumn: 29 },
        { line: 19, column: 17, endLine: 19, endColumn: 19 },
        { line: 29, column: 15, endLine: 29, endColumn: 17 },
      ],
      output: `apiVersion: apps/v1\r
kind: ReplicaSet\r
metadata:\r
  name: rs\r
spec:\r
  selector: {matchLabels: {app: rs}}\r
  template:\r
    spec:\r
      containers: [{name: rs, image: x, volumeMounts: [{name: tmp, mountPath: /tmp}]}]\r
      volumes:\r
        - name: tmp\r
          emptyDir: {}\r
---\r
apiVersion: v1\r
kind: ReplicationController\r
metadata:\r
  name: rc\r
spec:\r
  template:\r
    spec:\r
      containers:\r
        - name: rc\r
          image: x\r
          volumeMounts:\r
            - name: tmp\r
              mountPath: /tmp\r
      volumes:\r
        - name: tmp\r
          emptyDir: {}\r
---\r
apiVersion: v1\r
kind: PodTemplate\r
metadata:\r
  name: pt\r
template:\r
  spec:\r
    containers:\r
      - name: pt\r
        image: x\r
        volumeMounts:\r
          - name: tmp\r
            mountPath: /tmp\r
    volumes:\r
      - name: tmp\r
        emptyDir: {}\r
`,
    },
    {
      name: 'a hostPath volume named tmp: the fix picks tmp-1',
      config: strict,
      code: appPod(`
      volumeMounts:
        - name: tmp
          mountPath: /host-tmp
  volumes:
    - name: tmp
      hostPath:
        path: /tmp
`),
      errors: [
        { line: 7, column: 13, endLine: 7, endColumn: 16 },
      ],
      output: appPod(`
      volumeMounts:
        - name: tmp
          mountPath: /host-tmp
        - name: tmp-1
          mountPath: /tmp
  volumes:
    - name: tmp
      hostPath:
        path: /tmp
    - name: tmp-1
      emptyDir: {}
`),
    },
    {
      name: 'volumes: [] and volumeMounts: [] (empty flow lists)',
      config: strict,
      code: appPod(`
      volumeMounts: []
  volumes: []
`),
      errors: [
        { line: 7, column: 13, endLine: 7, endColumn: 16 },
      ],
      output: appPod(`
      volumeMounts: [{name: tmp, mountPath: /tmp}]
  volumes: [{name: tmp, emptyDir: {}}]
`),
    },
    {
      name: '/var/tmp is not /tmp; a mount with a subPath at /tmp-data neither',
      config: strict,
      code: appPod(`
      volumeMounts:
        - name: scratch
          mountPath: /var/tmp
        - name: scratch
          mountPath: /tmp-data
          subPath: data
  volumes:
    - name: scratch
      emptyDir: {}
`),
      errors: [
        { line: 7, column: 13, endLine: 7, endColumn: 16 },
      ],
      output: appPod(`
      volumeMounts:
        - name: scratch
          mountPath: /var/tmp
        - name: scratch
          mountPath: /tmp-data
          subPath: data
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: scratch
      emptyDir: {}
    - name: tmp
      emptyDir: {}
`),
    },
    {
      name: 'flow pod spec with two containers',
      config: strict,
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: a, image: x}, {name: b, image: y}]}
`,
      errors: [
        { line: 4, column: 28, endLine: 4, endColumn: 29 },
        { line: 4, column: 49, endLine: 4, endColumn: 50 },
      ],
      output: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: a, image: x, volumeMounts: [{name: tmp, mountPath: /tmp}]}, {name: b, image: y, volumeMounts: [{name: tmp, mountPath: /tmp}]}], volumes: [{name: tmp, emptyDir: {}}]}
`,
    },
  ],
});
