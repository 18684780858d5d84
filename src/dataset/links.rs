//! One-to-many indices (a person's roles, an organisation's events...) stored as one flat
//! array plus offsets, so a million-person dataset does not hold a million small vectors.

#[derive(Debug, Clone, Default, rkyv::Archive, rkyv::Serialize, rkyv::Deserialize)]
pub struct Links {
    offsets: Vec<u32>,
    targets: Vec<u32>,
}

impl Links {
    /// Builds the index for `owners` owners from `(owner, target)` pairs; each owner's targets
    /// keep the order in which the pairs were given.
    pub fn build(owners: usize, pairs: impl IntoIterator<Item = (usize, usize)>) -> Self {
        let pairs: Vec<(u32, u32)> = pairs
            .into_iter()
            .map(|(o, t)| (o as u32, t as u32))
            .collect();
        let mut offsets = vec![0u32; owners + 1];
        for &(owner, _) in &pairs {
            offsets[owner as usize + 1] += 1;
        }
        for i in 0..owners {
            offsets[i + 1] += offsets[i];
        }
        let mut next: Vec<u32> = offsets[..owners].to_vec();
        let mut targets = vec![0u32; pairs.len()];
        for (owner, target) in pairs {
            let slot = &mut next[owner as usize];
            targets[*slot as usize] = target;
            *slot += 1;
        }
        Links { offsets, targets }
    }

    /// The targets linked to `owner`, as indices.
    pub fn get(&self, owner: usize) -> impl ExactSizeIterator<Item = usize> + '_ {
        let (start, end) = match (self.offsets.get(owner), self.offsets.get(owner + 1)) {
            (Some(&s), Some(&e)) => (s as usize, e as usize),
            _ => (0, 0),
        };
        self.targets[start..end].iter().map(|&t| t as usize)
    }

    pub fn count(&self, owner: usize) -> usize {
        self.get(owner).len()
    }

    /// Whether this indexes exactly `owners` owners, with ascending offsets that stay inside
    /// the targets, and targets below `targets` (a snapshot's indices are checked, not
    /// trusted).
    pub fn fits(&self, owners: usize, targets: usize) -> bool {
        self.offsets.len() == owners + 1
            && self.offsets.first() == Some(&0)
            && self.offsets.windows(2).all(|w| w[0] <= w[1])
            && self
                .offsets
                .last()
                .is_some_and(|&l| l as usize == self.targets.len())
            && self.targets.iter().all(|&t| (t as usize) < targets)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_targets_by_owner_in_order() {
        let links = Links::build(3, [(2, 7), (0, 1), (2, 5), (0, 9)]);
        assert_eq!(links.get(0).collect::<Vec<_>>(), [1, 9]);
        assert_eq!(links.get(1).count(), 0);
        assert_eq!(links.get(2).collect::<Vec<_>>(), [7, 5]);
        assert_eq!(links.get(99).count(), 0);
    }
}
