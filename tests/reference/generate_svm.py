"""Reference accuracies of scikit-learn's SVC on the exact points of Nabla's circles and moons splits.

The points come from Nabla itself (`nabla svm --dataset circles --export-split tests/reference/svm/circles_points.json`,
likewise moons), so nothing is reimplemented here. Run with Debian's python3-sklearn:
    /usr/bin/python3 tests/reference/generate_svm.py
and commit tests/reference/svm/svm_reference.json.
"""
import json
import os

import sklearn
from sklearn.svm import SVC

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "svm")
KERNELS = [("linear", {}), ("rbf", {}), ("poly", {"degree": 3, "coef0": 0.0})]

cases = []
for dataset in ["circles", "moons"]:
    with open(os.path.join(HERE, f"{dataset}_points.json")) as f:
        points = json.load(f)
    for kernel, extra in KERNELS:
        model = SVC(kernel=kernel, C=1.0, gamma="scale", tol=1e-3, **extra)
        model.fit(points["train_x"], points["train_y"])
        cases.append({
            "dataset": dataset,
            "kernel": kernel,
            "c": 1.0,
            "gamma": "scale",
            "test_accuracy": float(model.score(points["test_x"], points["test_y"])),
            "support_vectors": int(model.n_support_.sum()),
        })

with open(os.path.join(HERE, "svm_reference.json"), "w") as f:
    json.dump({"sklearn_version": sklearn.__version__, "cases": cases}, f, indent=2)
    f.write("\n")
print(json.dumps(cases, indent=1))
