import { ruleTester } from '../../rule-tester';
import { pod, appPod, deployment } from './manifests';

ruleTester('k8s/read-only-without-tmp', {
  valid: [
    { name: 'emptyDir mounted at /tmp', code: deployment(`
      volumes:
        - name: tmp
          emptyDir: {}
      containers:
        - name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
`) },
    { name: 'mounted at /tmp/ (trailing slash), memory medium', code: deployment(`
      volumes: [{name: scratch, emptyDir: {medium: Memory, sizeLimit: 64Mi}}]
      containers:
        - name: api
          image: x
          securityContext: {readOnlyRootFilesystem: true}
          volumeMounts: [{name: scratch, mountPath: /tmp/}]
`) },
    { name: 'root file system not read-only (tmp-not-mounted territory)', code: deployment(`
      containers:
        - name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: false
`) },
    { name: 'readOnlyRootFilesystem only at pod level is not a pod field', code: deployment(`
      securityContext:
        readOnlyRootFilesystem: true
      containers:
        - name: api
          image: x
`) },
    { name: 'kustomize patch: no image, no selector', code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: api
          securityContext:
            readOnlyRootFilesystem: true
` },
    { name: 'Windows pod', code: `apiVersion: v1
kind: Pod
metadata:
  name: win
spec:
  os:
    name: windows
  containers:
    - name: app
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022
      securityContext:
        readOnlyRootFilesystem: true
` },
    { name: 'mount inherited through a merge key', code: deployment(`
      volumes:
        - {name: tmp, emptyDir: {}}
      containers:
        - &base
          name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
        - <<: *base
          name: worker
`) },
    { name: 'not a workload', code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: c
data:
  securityContext: "readOnlyRootFilesystem: true"
` },
  ],
  invalid: [
    {
      name: 'kind: List: an item is judged as a workload, the fix goes into the item',
      code: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
        - name: a
          image: x
          securityContext: {readOnlyRootFilesystem: true}
`,
      errors: [{ line: 9, column: 17, endLine: 9, endColumn: 18, severity: 'information' }],
      output: `apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: p}
    spec:
      containers:
        - name: a
          image: x
          securityContext: {readOnlyRootFilesystem: true}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
`,
    },
    {
      name: 'fix.emptyDirSizeLimit set: the new volume gets that sizeLimit',
      config: { fix: { emptyDirSizeLimit: '64Mi' } },
      code: appPod(`
      securityContext: {readOnlyRootFilesystem: true}
`),
      errors: [{ line: 7, column: 13, endLine: 7, endColumn: 16 }],
      output: appPod(`
      securityContext: {readOnlyRootFilesystem: true}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir: {sizeLimit: 64Mi}
`),
    },
    {
      name: 'strict: a warning',
      config: { preset: 'strict' },
      code: appPod(`
      securityContext: {readOnlyRootFilesystem: true}
`),
      errors: [{ line: 7, column: 13, endLine: 7, endColumn: 16, severity: 'warning' }],
      output: appPod(`
      securityContext: {readOnlyRootFilesystem: true}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir: {}
`),
    },
    {
      name: 'no volumeMounts, no volumes: both created; comments kept',
      code: `# api
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    spec:
      containers:
        - name: api # main container
          image: ghcr.io/example/api:1
          securityContext:
            readOnlyRootFilesystem: true # hardening
`,
      errors: [
        { line: 12, column: 17, endLine: 12, endColumn: 20, severity: 'information', message: 'Container "api" has a read-only root file system and nothing at /tmp: programs that write temporary files fail there (EROFS). Mount an emptyDir volume at /tmp.' },
      ],
      output: `# api
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    spec:
      containers:
        - name: api # main container
          image: ghcr.io/example/api:1
          securityContext:
            readOnlyRootFilesystem: true # hardening
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
`,
    },
    {
      name: 'existing block lists, 4-space indentation',
      code: `apiVersion: v1
kind: Pod
metadata:
    name: p
spec:
    containers:
        -   name: web
            image: nginx
            securityContext:
                readOnlyRootFilesystem: true
            volumeMounts:
                -   name: cache
                    mountPath: /var/cache/nginx
    volumes:
        -   name: cache
            emptyDir: {}
`,
      errors: [
        { line: 7, column: 19, endLine: 7, endColumn: 22 },
      ],
      output: `apiVersion: v1
kind: Pod
metadata:
    name: p
spec:
    containers:
        -   name: web
            image: nginx
            securityContext:
                readOnlyRootFilesystem: true
            volumeMounts:
                -   name: cache
                    mountPath: /var/cache/nginx
                -   name: tmp
                    mountPath: /tmp
    volumes:
        -   name: cache
            emptyDir: {}
        -   name: tmp
            emptyDir: {}
`,
    },
    {
      name: 'flush sequences',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: job
        image: busybox
        securityContext:
          readOnlyRootFilesystem: true
        volumeMounts:
        - name: data
          mountPath: /data
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: data
`,
      errors: [
        { line: 10, column: 15, endLine: 10, endColumn: 18 },
      ],
      output: `apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: job
        image: busybox
        securityContext:
          readOnlyRootFilesystem: true
        volumeMounts:
        - name: data
          mountPath: /data
        - name: tmp
          mountPath: /tmp
      volumes:
      - name: data
        persistentVolumeClaim:
          claimName: data
      - name: tmp
        emptyDir: {}
`,
    },
    {
      name: 'flow lists',
      code: deployment(`
      volumes: [{name: data, emptyDir: {}}]
      containers:
        - name: api
          image: x
          securityContext: {readOnlyRootFilesystem: true}
          volumeMounts: [{name: data, mountPath: /data}]
`),
      errors: [
        { line: 12, column: 17, endLine: 12, endColumn: 20 },
      ],
      output: deployment(`
      volumes: [{name: data, emptyDir: {}}, {name: tmp, emptyDir: {}}]
      containers:
        - name: api
          image: x
          securityContext: {readOnlyRootFilesystem: true}
          volumeMounts: [{name: data, mountPath: /data}, {name: tmp, mountPath: /tmp}]
`),
    },
    {
      name: 'flow container map',
      code: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - {name: a, image: x, securityContext: {readOnlyRootFilesystem: true}}
`,
      errors: [
        { line: 6, column: 14, endLine: 6, endColumn: 15 },
      ],
      output: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - {name: a, image: x, securityContext: {readOnlyRootFilesystem: true}, volumeMounts: [{name: tmp, mountPath: /tmp}]}
  volumes:
    - name: tmp
      emptyDir: {}
`,
    },
    {
      name: 'an emptyDir volume named tmp is reused',
      code: deployment(`
      volumes:
        - name: tmp
          emptyDir: {}
      containers:
        - name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
`),
      errors: [
        { line: 14, column: 17, endLine: 14, endColumn: 20 },
      ],
      output: deployment(`
      volumes:
        - name: tmp
          emptyDir: {}
      containers:
        - name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
`),
    },
    {
      name: 'the name tmp is taken by a configMap volume: tmp-1',
      code: deployment(`
      volumes:
        - name: tmp
          configMap:
            name: tmp-files
      containers:
        - name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
`),
      errors: [
        { line: 15, column: 17, endLine: 15, endColumn: 20 },
      ],
      output: deployment(`
      volumes:
        - name: tmp
          configMap:
            name: tmp-files
        - name: tmp-1
          emptyDir: {}
      containers:
        - name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp-1
              mountPath: /tmp
`),
    },
    {
      name: 'two containers of one pod: one volume, two mounts (converges over two passes)',
      code: deployment(`
      containers:
        - name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
        - name: sidecar
          image: y
          securityContext:
            readOnlyRootFilesystem: true
`),
      errors: [
        { line: 11, column: 17, endLine: 11, endColumn: 20 },
        { line: 15, column: 17, endLine: 15, endColumn: 24 },
      ],
      output: deployment(`
      containers:
        - name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
        - name: sidecar
          image: y
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
`),
    },
    {
      name: 'init container and container',
      code: pod(`
  initContainers:
    - name: setup
      image: busybox
      securityContext:
        readOnlyRootFilesystem: true
  containers:
    - name: app
      image: x
      securityContext:
        readOnlyRootFilesystem: true
`),
      errors: [
        { line: 7, column: 13, endLine: 7, endColumn: 18 },
        { line: 12, column: 13, endLine: 12, endColumn: 16 },
      ],
      output: pod(`
  initContainers:
    - name: setup
      image: busybox
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  containers:
    - name: app
      image: x
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir: {}
`),
    },
    {
      name: 'readOnly mount at /tmp: reported on the mount, no fix',
      code: deployment(`
      volumes:
        - name: tmp
          emptyDir: {}
      containers:
        - name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
              readOnly: true
`),
      errors: [
        { line: 20, column: 26, endLine: 20, endColumn: 30, message: 'Container "api" has a read-only root file system and its /tmp mount is read-only (readOnly: true): programs that write temporary files fail there (EROFS). Mount a writable emptyDir volume at /tmp.' },
      ],
      output: null,
    },
    {
      name: 'configMap mounted at /tmp: no fix',
      code: deployment(`
      volumes:
        - name: files
          configMap:
            name: files
      containers:
        - name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: files
              mountPath: /tmp
`),
      errors: [
        { line: 21, column: 26, endLine: 21, endColumn: 30, message: 'Container "api" has a read-only root file system and its /tmp mount is read-only (a configMap volume is always read-only): programs that write temporary files fail there (EROFS). Mount a writable emptyDir volume at /tmp.' },
      ],
      output: null,
    },
    {
      name: 'CRLF',
      code: `apiVersion: apps/v1\r
kind: Deployment\r
metadata:\r
  name: api\r
spec:\r
  selector:\r
    matchLabels: {app: api}\r
  template:\r
    spec:\r
      containers:\r
        - name: api\r
          image: x\r
          securityContext:\r
            readOnlyRootFilesystem: true\r
`,
      errors: [
        { line: 11, column: 17, endLine: 11, endColumn: 20 },
      ],
      output: `apiVersion: apps/v1\r
kind: Deployment\r
metadata:\r
  name: api\r
spec:\r
  selector:\r
    matchLabels: {app: api}\r
  template:\r
    spec:\r
      containers:\r
        - name: api\r
          image: x\r
          securityContext:\r
            readOnlyRootFilesystem: true\r
          volumeMounts:\r
            - name: tmp\r
              mountPath: /tmp\r
      volumes:\r
        - name: tmp\r
          emptyDir: {}\r
`,
    },
    {
      name: 'multi-document: only the second document fires',
      code: deployment(`
      volumes:
        - {name: tmp, emptyDir: {}}
      containers:
        - name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
---
apiVersion: v1
kind: Service
metadata:
  name: api
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: x
              securityContext:
                readOnlyRootFilesystem: true
`),
      errors: [
        { line: 37, column: 21, endLine: 37, endColumn: 24 },
      ],
      output: deployment(`
      volumes:
        - {name: tmp, emptyDir: {}}
      containers:
        - name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - {name: tmp, mountPath: /tmp}
---
apiVersion: v1
kind: Service
metadata:
  name: api
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
            - name: job
              image: x
              securityContext:
                readOnlyRootFilesystem: true
              volumeMounts:
                - name: tmp
                  mountPath: /tmp
          volumes:
            - name: tmp
              emptyDir: {}
`),
    },
    {
      name: 'anchor and merge key: the fix goes into the anchored container, the merged one inherits it',
      code: deployment(`
      containers:
        - &app
          name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
        - <<: *app
          name: worker
`),
      errors: [
        { line: 12, column: 17, endLine: 12, endColumn: 20 },
        { line: 17, column: 17, endLine: 17, endColumn: 23 },
      ],
      output: deployment(`
      containers:
        - &app
          name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
        - <<: *app
          name: worker
      volumes:
        - name: tmp
          emptyDir: {}
`),
    },
    {
      name: 'volumeMounts inherited through a merge key: no fix for that container',
      code: deployment(`
      volumes:
        - {name: data, emptyDir: {}}
      containers:
        - &app
          name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - {name: data, mountPath: /data}
        - <<: *app
          name: worker
`),
      errors: [
        { line: 14, column: 17, endLine: 14, endColumn: 20 },
        { line: 21, column: 17, endLine: 21, endColumn: 23 },
      ],
      output: deployment(`
      volumes:
        - {name: data, emptyDir: {}}
        - {name: tmp, emptyDir: {}}
      containers:
        - &app
          name: api
          image: x
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - {name: data, mountPath: /data}
            - {name: tmp, mountPath: /tmp}
        - <<: *app
          name: worker
`),
    },
  ],
});
