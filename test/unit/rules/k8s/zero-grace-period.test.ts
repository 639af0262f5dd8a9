import { ruleTester } from '../../rule-tester';

const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}  containers:\n    - name: app\n      image: nginx\n`;

ruleTester('k8s/zero-grace-period', {
  valid: [
    pod(''),
    pod('  terminationGracePeriodSeconds: 30\n'),
    pod('  terminationGracePeriodSeconds: 1\n'),
    // not a workload kind
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  terminationGracePeriodSeconds: "0"\n',
    // a Rollout of another API group is someone else's custom resource
    'apiVersion: example.com/v1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 0\n      containers: [{name: a, image: x}]\n',
    // the probe-level field is not the pod's grace period
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx\n      livenessProbe:\n        terminationGracePeriodSeconds: 0\n        exec: {command: [true]}\n',
  ],
  invalid: [
    {
      name: 'Pod with 0',
      code: pod('  terminationGracePeriodSeconds: 0 # fast\n'),
      errors: [{ line: 6, column: 34, endLine: 6, endColumn: 35, severity: 'warning', message: 'terminationGracePeriodSeconds is 0: SIGKILL comes 2 s after SIGTERM (the kubelet\'s minimum), too soon to shut down cleanly. Remove it (the default is 30 s) or set the seconds the program needs to drain.' }],
      output: null,
    },
    {
      name: 'CronJob, CRLF, 4-space indentation',
      code: 'apiVersion: batch/v1\r\nkind: CronJob\r\nmetadata:\r\n    name: c\r\nspec:\r\n    schedule: "* * * * *"\r\n    jobTemplate:\r\n        spec:\r\n            template:\r\n                spec:\r\n                    terminationGracePeriodSeconds: 0\r\n                    restartPolicy: Never\r\n                    containers:\r\n                        - name: job\r\n                          image: busybox\r\n',
      errors: [{ line: 11, column: 52, endColumn: 53 }],
      output: null,
    },
    {
      name: 'multi-document: only the second fires; flow style',
      code: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {terminationGracePeriodSeconds: 10, containers: [{name: a, image: x}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\nspec:\n  template:\n    spec: {terminationGracePeriodSeconds: 0, containers: [{name: b, image: x}]}\n',
      errors: [{ line: 11, column: 43, endColumn: 44 }],
      output: null,
    },
    {
      name: 'merge key from an anchor',
      code: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    defaults: &d {terminationGracePeriodSeconds: 0}\nspec:\n  <<: *d\n  containers:\n    - name: app\n      image: nginx\n',
      errors: [{ line: 6, column: 50, endColumn: 51 }],
      output: null,
    },
    {
      name: 'kind: List: each item is a workload, the range in the item',
      code: 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n    spec:\n      terminationGracePeriodSeconds: 0\n      containers: [{name: a, image: x}]\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: s}\n  - apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: d}\n    spec:\n      template:\n        spec:\n          terminationGracePeriodSeconds: 0\n          containers: [{name: b, image: x}]\n',
      errors: [{ line: 8, column: 38, endColumn: 39 }, { line: 19, column: 42, endColumn: 43 }],
      output: null,
    },
    {
      name: 'OpenShift DeploymentConfig (apps.openshift.io/v1) and Argo Rollout',
      code: 'apiVersion: apps.openshift.io/v1\nkind: DeploymentConfig\nmetadata: {name: dc}\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 0\n      containers: [{name: a, image: x}]\n---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: r}\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 0\n      containers: [{name: a, image: x}]\n',
      errors: [{ line: 7, column: 38, endColumn: 39 }, { line: 16, column: 38, endColumn: 39 }],
      output: null,
    },
    {
      name: 'DeploymentConfig of OpenShift 3 (apiVersion: v1), a DeploymentList from kubectl get -o yaml',
      code: 'apiVersion: v1\nkind: DeploymentConfig\nmetadata: {name: dc}\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 0\n      containers: [{name: a, image: x}]\n---\napiVersion: apps/v1\nkind: DeploymentList\nitems:\n- apiVersion: apps/v1\n  kind: Deployment\n  metadata: {name: d}\n  spec:\n    template:\n      spec: {terminationGracePeriodSeconds: 0, containers: [{name: b, image: x}]}\n',
      errors: [{ line: 7, column: 38, endColumn: 39 }, { line: 18, column: 45, endColumn: 46 }],
      output: null,
    },
  ],
});
